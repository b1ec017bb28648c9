package clinic.stack;

import java.time.Duration;
import java.util.List;

/**
 * What the chaos run needs of a running stack: where it is, its service instances, and the faults
 * it can suffer. The launcher ({@link LocalStack}) is one; the end-to-end tests' stack is another.
 */
interface ChaosTarget {

  Wiring wiring();

  /** Every service instance running now; a killed one is replaced by a new one here. */
  List<ServiceProcess> instances();

  /**
   * SIGKILL of one instance. Bringing it back is the stack's business (the launcher restarts it
   * with back-off); the chaos run only waits for a new instance of the service to be ready.
   */
  default void kill(ServiceProcess instance) {
    ProcessHandle.of(instance.process().pid()).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Kills the broker, waits {@code down}, starts it again on the same port and data directory. */
  void restartBroker(Duration down) throws Exception;

  /** Crashes PostgreSQL, waits {@code down}, starts it again on the same port and data. */
  void restartPostgres(Duration down) throws Exception;
}
