package clinic.content.packet;

/** A record that can never be processed as it is: retrying it cannot help. */
class MalformedEventException extends RuntimeException {

  MalformedEventException(String message) {
    super(message);
  }

  MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
