package io.clerkcache.users;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

/**
 * Finds the current request's {@link RequestMemo}, if there is a request: an EE module may call the directory from a
 * timer, a message listener or a startup hook, where lookups go straight to the cache.
 */
@ApplicationScoped
public class RequestMemos {

    private Instance<RequestMemo> memos;
    private BeanManager beanManager;

    /** For CDI. */
    protected RequestMemos() {
    }

    @Inject
    public RequestMemos(Instance<RequestMemo> memos, BeanManager beanManager) {
        this.memos = memos;
        this.beanManager = beanManager;
    }

    /** The memo of the current request, or {@code null} outside a request. */
    public RequestMemo current() {
        try {
            if (beanManager.getContext(RequestScoped.class).isActive()) {
                return memos.get();
            }
        } catch (ContextNotActiveException notInARequest) {
            // no request on this thread
        }
        return null;
    }
}
