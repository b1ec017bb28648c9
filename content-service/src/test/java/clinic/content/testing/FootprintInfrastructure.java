package clinic.content.testing;

/**
 * The tests' PostgreSQL and Kafka broker as a process of their own, for {@code bench/footprint.sh}:
 * prints the environment variables that point content-service at them, then keeps them running
 * until the process is stopped (SIGTERM; the shutdown hook stops both).
 */
public final class FootprintInfrastructure {

  private FootprintInfrastructure() {}

  public static void main(String[] args) throws InterruptedException {
    var properties = TestInfrastructure.properties();
    System.out.println("DATABASE_URL=" + properties.get("datasources.default.url"));
    System.out.println("DATABASE_USER=" + properties.get("datasources.default.username"));
    System.out.println("DATABASE_PASSWORD=" + properties.get("datasources.default.password"));
    System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + TestInfrastructure.bootstrapServers());
    System.out.println("READY");
    System.out.flush();
    Thread.currentThread().join();
  }
}
