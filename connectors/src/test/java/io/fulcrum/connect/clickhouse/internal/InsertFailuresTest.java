package io.fulcrum.connect.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import io.fulcrum.connect.clickhouse.internal.InsertFailures.Kind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class InsertFailuresTest {

    @Test
    void networkTroubleIsTransientWhereverItSitsInTheChain() {
        assertThat(InsertFailures.classify(new ConnectionInitiationException("no", new ConnectException()))).isEqualTo(Kind.TRANSIENT);
        assertThat(InsertFailures.classify(new ClientException("failed", new SocketTimeoutException()))).isEqualTo(Kind.TRANSIENT);
        assertThat(InsertFailures.classify(new ExecutionException(new ConnectException("refused")))).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void serverCodesDecide() {
        assertThat(InsertFailures.classify(new ServerException(60, "Code: 60. Unknown table", 404, "q"))).isEqualTo(Kind.SCHEMA_MISMATCH);
        assertThat(InsertFailures.classify(new ServerException(53, "Code: 53. Type mismatch", 400, "q"))).isEqualTo(Kind.SCHEMA_MISMATCH);
        assertThat(InsertFailures.classify(new ServerException(252, "Code: 252. Too many parts", 500, "q"))).isEqualTo(Kind.TRANSIENT);
        assertThat(InsertFailures.classify(new ServerException(62, "Code: 62. Syntax error", 400, "q"))).isEqualTo(Kind.PERMANENT);
        assertThat(InsertFailures.classify(new SQLException("Code: 16. No such column", "HY000", 16))).isEqualTo(Kind.SCHEMA_MISMATCH);
    }

    @Test
    void clientSideMisuseIsPermanent() {
        assertThat(InsertFailures.classify(new ClientException("bad argument"))).isEqualTo(Kind.PERMANENT);
        assertThat(InsertFailures.classify(new IllegalStateException("bug"))).isEqualTo(Kind.PERMANENT);
    }
}
