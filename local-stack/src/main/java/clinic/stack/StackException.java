package clinic.stack;

/**
 * A start-up or shut-down problem the person running the stack can act on: its message is printed
 * as is, without a stack trace, so it must say what went wrong and what to do.
 */
final class StackException extends RuntimeException {

  StackException(String message) {
    super(message);
  }

  StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
