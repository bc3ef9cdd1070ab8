package io.clerkcache.users;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

/**
 * Finds the current HTTP request's {@link RequestMemo}. Only HTTP requests have one: an EE module may call the
 * directory from a timer, a message-driven bean or a startup hook, where CDI activates a request context too, but a
 * memo there would serve one run's first copy of a user for as long as the run takes and grow with every user it
 * touches; lookups there go straight to the cache.
 */
@ApplicationScoped
public class RequestMemos {

    private Instance<RequestMemo> memos;
    private Instance<RequestOrigin> origin;
    private BeanManager beanManager;

    /** For CDI. */
    protected RequestMemos() {
    }

    @Inject
    public RequestMemos(Instance<RequestMemo> memos, Instance<RequestOrigin> origin, BeanManager beanManager) {
        this.memos = memos;
        this.origin = origin;
        this.beanManager = beanManager;
    }

    /** The memo of the current HTTP request, or {@code null} outside one. */
    public RequestMemo current() {
        try {
            if (beanManager.getContext(RequestScoped.class).isActive() && origin.get().http()) {
                return memos.get();
            }
        } catch (ContextNotActiveException notInARequest) {
            // no request on this thread
        }
        return null;
    }
}
