package clinic.identity.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The staff members and API clients the provider knows, looked up by user name or client id. They
 * are kept apart so that a user name can never pass for a client id.
 */
public final class Accounts {

  private final List<Account> staff;
  private final Map<String, Account> users;
  private final Map<String, Account> clients;

  Accounts(List<Account> users, List<Account> clients) {
    this.staff = List.copyOf(users);
    this.users = bySubject(users);
    this.clients = bySubject(clients);
  }

  /** The staff members who can sign in, in the order they are shown. */
  public List<Account> staff() {
    return staff;
  }

  public Optional<Account> user(String username) {
    return Optional.ofNullable(users.get(username));
  }

  public Optional<Account> client(String clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }

  private static Map<String, Account> bySubject(List<Account> accounts) {
    return accounts.stream()
        .collect(Collectors.toUnmodifiableMap(Account::subject, Function.identity()));
  }
}
