package clinic.triage.rules;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions per second of {@link Ruleset#evaluate} on one thread, over the mix of clinical
 * vignettes (red flags, back, knee, both, missing answers) in turn. Not part of the build: run it
 * with the command in BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class EvaluateBenchmark {

  private Ruleset ruleset;
  private Answers[] inputs;
  private int next;

  @Setup
  public void load() {
    ruleset = Ruleset.loadDefault();
    inputs = Vignettes.all().stream().map(Vignettes.Vignette::answers).toArray(Answers[]::new);
  }

  @Benchmark
  public Decision evaluate() {
    Answers answers = inputs[next];
    next = next + 1 == inputs.length ? 0 : next + 1;
    return ruleset.evaluate(answers);
  }
}
