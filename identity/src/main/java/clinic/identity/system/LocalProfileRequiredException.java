package clinic.identity.system;

/** Thrown at startup when the demo provider is started outside {@code ./run}. */
class LocalProfileRequiredException extends IllegalStateException {

  static final String MESSAGE =
      "identity is the demo provider for ./run; start it with the local profile"
          + " (--spring.profiles.active=local), or point the services at your clinic's identity"
          + " provider with CLINIC_ISSUER_URI";

  LocalProfileRequiredException() {
    super(MESSAGE);
  }
}
