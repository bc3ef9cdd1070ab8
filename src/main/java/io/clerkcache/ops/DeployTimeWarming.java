package io.clerkcache.ops;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkOperation;
import io.clerkcache.clerk.ClerkUser;

/**
 * Warming at deployment, from configuration ({@link WarmingConfig}): the ids of {@code clerk.warm.ids} and the
 * {@code clerk.warm.recent} most recently active users, listed by Clerk in pages of up to
 * {@value ClerkClient#MAX_PAGE_SIZE}. The application's start only submits it to the warming executor: it never
 * delays the deployment nor its readiness, and lookups are served meanwhile (from Clerk, as without warming). It logs
 * one line per step and keeps its {@link #status()}; it is paced like every warming ({@link UserWarming}) and gives
 * up, saying why, when Clerk stays unreachable or rate-limited for longer than {@code clerk.warm.max-wait}.
 */
@ApplicationScoped
public class DeployTimeWarming {

    private static final Logger LOG = Logger.getLogger(DeployTimeWarming.class.getName());

    private WarmingConfig config;
    private UserWarming warming;
    private ClerkClient clerk;
    private WarmingExecutor executor;
    private Clock clock;
    private volatile WarmingProgress progress;

    /** For CDI. */
    protected DeployTimeWarming() {
    }

    @Inject
    public DeployTimeWarming(WarmingConfig config, UserWarming warming, ClerkClient clerk, WarmingExecutor executor,
            Clock clock) {
        this.config = config;
        this.warming = warming;
        this.clerk = clerk;
        this.executor = executor;
        this.clock = clock;
    }

    /** Validates the warming settings (a malformed one fails the deployment) and submits the run, if any. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        if (!config.atDeployment()) {
            LOG.fine(() -> "Cache warming at deployment: off (" + config + ")");
            return;
        }
        WarmingProgress run = new WarmingProgress("at deployment", Level.INFO, clock);
        progress = run;
        LOG.info(() -> "Cache warming at deployment: submitted (" + config + ", "
                + (executor.managed() ? "managed executor" : "own thread") + ")");
        executor.submit(() -> {
            run(run);
            return null;
        });
    }

    /** Where the run at deployment stands; {@link WarmingStatus.State#OFF} when none is configured. */
    public WarmingStatus status() {
        WarmingProgress run = progress;
        return run == null ? WarmingStatus.off() : run.status();
    }

    private void run(WarmingProgress run) {
        try {
            Set<String> ids = new LinkedHashSet<>(config.ids());
            if (config.recent() > 0) {
                ids.addAll(recentlyActive(config.recent(), run));
            }
            warming.warmAll(List.copyOf(ids), run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failedWhileListing(run, "interrupted (the application is stopping)");
        } catch (RuntimeException | Error e) {
            failedWhileListing(run, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Reports a failure, unless {@link UserWarming#warmAll} has reported it already (it reports its own). */
    private static void failedWhileListing(WarmingProgress run, String why) {
        if (run.status().state() == WarmingStatus.State.RUNNING) {
            run.failed(why);
        }
    }

    /** The ids of the {@code n} most recently active users (fewer if Clerk has fewer), one paced call per page. */
    private List<String> recentlyActive(int n, WarmingProgress run) throws InterruptedException {
        run.step("listing the " + n + " most recently active users in Clerk, in pages of up to "
                + ClerkClient.MAX_PAGE_SIZE);
        Set<String> ids = new LinkedHashSet<>();
        int offset = 0;
        while (offset < n) {
            int from = offset;
            int limit = Math.min(ClerkClient.MAX_PAGE_SIZE, n - offset);
            List<ClerkUser> page = warming.pace().call(ClerkOperation.LIST_USERS_BY_LAST_ACTIVE,
                    () -> clerk.listUsersByLastActive(from, limit));
            for (ClerkUser user : page) {
                if (ClerkIds.isValidUserId(user.id())) {
                    ids.add(user.id());
                }
            }
            offset += limit;
            int listed = ids.size();
            run.step("listed " + listed + " of " + n + " users");
            if (page.size() < limit) {
                break; // the last page: Clerk has fewer users
            }
        }
        return new ArrayList<>(ids);
    }
}
