package clinic.gateway.signin;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/**
 * Turns the roles claim of the ID token (and of the user info, where the provider puts them there)
 * into {@code ROLE_x} authorities, the same mapping the services apply to the access token.
 */
final class RolesAuthoritiesMapper implements GrantedAuthoritiesMapper {

  private final String rolesClaim;

  RolesAuthoritiesMapper(String rolesClaim) {
    this.rolesClaim = rolesClaim;
  }

  @Override
  public Collection<? extends GrantedAuthority> mapAuthorities(
      Collection<? extends GrantedAuthority> authorities) {
    Set<GrantedAuthority> mapped = new LinkedHashSet<>(authorities);
    for (GrantedAuthority authority : authorities) {
      if (authority instanceof OidcUserAuthority oidc) {
        addRoles(oidc.getIdToken().getClaims(), mapped);
        if (oidc.getUserInfo() != null) {
          addRoles(oidc.getUserInfo().getClaims(), mapped);
        }
      }
    }
    return mapped;
  }

  private void addRoles(Map<String, Object> claims, Set<GrantedAuthority> into) {
    Object roles = claims.get(rolesClaim);
    Collection<?> values = List.of();
    if (roles instanceof Collection<?> many) {
      values = many;
    } else if (roles instanceof String one) {
      values = List.of(one.split("[\\s,]+"));
    }
    for (Object role : values) {
      if (role != null && !role.toString().isBlank()) {
        into.add(new SimpleGrantedAuthority("ROLE_" + role));
      }
    }
  }
}
