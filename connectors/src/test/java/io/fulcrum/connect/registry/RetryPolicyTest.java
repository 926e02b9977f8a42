package io.fulcrum.connect.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffDoublesUpToTheCap() {
    RetryPolicy policy = new RetryPolicy(7, Duration.ofMillis(100), Duration.ofMillis(1000));
    assertThat(IntStream.rangeClosed(1, 6).mapToObj(policy::backoffAfter).map(Duration::toMillis))
        .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
  }

  @Test
  void rejectsZeroAttempts() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry maxAttempts is 0: use 1 for no retries");
  }

  @Test
  void rejectsACapBelowTheFirstBackoff() {
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry maxBackoff PT1S is shorter than initialBackoff PT2S: raise maxBackoff");
  }
}
