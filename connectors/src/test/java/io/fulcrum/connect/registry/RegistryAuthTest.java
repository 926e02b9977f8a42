package io.fulcrum.connect.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistryAuthTest {

  @Test
  void basicAuthEncodesUserAndPasswordAsInRfc7617() {
    // The worked example of RFC 7617, section 2.
    assertThat(RegistryAuth.basic("Aladdin", "open sesame").authorizationHeader())
        .contains("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  }

  @Test
  void bearerAuthSendsTheToken() {
    assertThat(RegistryAuth.bearer("abc.def").authorizationHeader()).contains("Bearer abc.def");
  }

  @Test
  void noAuthSendsNoHeader() {
    assertThat(RegistryAuth.none().authorizationHeader()).isEmpty();
  }

  @Test
  void toStringHidesSecrets() {
    assertThat(RegistryAuth.basic("fulcrum", "s3cret")).hasToString("basic(fulcrum)");
    assertThat(RegistryAuth.bearer("tok3n")).hasToString("bearer");
  }

  @Test
  void rejectsAUserWithAColon() {
    assertThatThrownBy(() -> RegistryAuth.basic("a:b", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("registry basic-auth user 'a:b' is invalid: it must be non-empty and contain no ':'");
  }
}
