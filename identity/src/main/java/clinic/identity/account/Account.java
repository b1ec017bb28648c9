package clinic.identity.account;

import java.util.List;

/**
 * Who a token speaks for: a staff member (subject = user name) or an API client (subject = client
 * id), with the display name and the staff roles that go into the token.
 */
public record Account(String subject, String name, List<String> roles) {

  public Account {
    roles = List.copyOf(roles);
  }
}
