package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link RunningStack} for every end-to-end class of the test JVM that asks for one as a
 * parameter: starting the whole system is most of what such a class costs. The first class starts
 * it; it stops when the test run ends, and must leave no process behind. Classes that share it keep
 * to their own intakes, referrals and message keys; a class that starts or stops the system itself
 * (the launcher's tests) does not use it, and runs before it starts ({@link Last}), so that only
 * one whole system runs at a time and a check that the JVM left no process behind sees none of the
 * shared one.
 */
final class SharedStack implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedStack.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunningStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Running.class, key -> Running.start(), Running.class)
        .stack();
  }

  /**
   * The test JVM's class order (junit-platform.properties): the classes that use the shared stack
   * after all others, each group by class name.
   */
  public static final class Last implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
      context
          .getClassDescriptors()
          .sort(
              Comparator.comparing(Last::usesSharedStack)
                  .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }

    private static boolean usesSharedStack(ClassDescriptor descriptor) {
      return descriptor.findRepeatableAnnotations(ExtendWith.class).stream()
          .anyMatch(extension -> Arrays.asList(extension.value()).contains(SharedStack.class));
    }
  }

  /** Closed by JUnit when the root context closes, after the last class. */
  private record Running(RunningStack stack) implements AutoCloseable {

    static Running start() {
      try {
        return new Running(RunningStack.start());
      } catch (Exception e) {
        throw new IllegalStateException("The stack did not start", e);
      }
    }

    @Override
    public void close() throws IOException {
      stack.close();
      assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
          .as("processes left after the stack stopped")
          .isEmpty();
    }
  }
}
