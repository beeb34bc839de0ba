package dev.weft.hub.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.hub.WeftHubApplication;
import dev.weft.testsupport.WeftServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseFailureAnalyzerTest {

    @Test
    void explainsThatPostgresqlIsNotReachable() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/weft";
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(url, "weft", "weft").close());

        FailureAnalysis analysis = analyzer(url + "?password=s3cret")
                .analyze(new IllegalStateException("Failed to initialize", refused));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("Cannot reach PostgreSQL at " + url + ":")
                .doesNotContain("s3cret");
        assertThat(analysis.getAction()).contains("./weft services up");
    }

    @Test
    void explainsThatTheDatabaseDoesNotExist() {
        String base = WeftServices.get().jdbcUrl();
        String url = base.substring(0, base.indexOf('/', "jdbc:postgresql://".length()) + 1) + "t_no_such_database_x";
        SQLException missing = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(url, WeftServices.get().dbUser(), WeftServices.get().dbPassword())
                        .close());

        FailureAnalysis analysis = analyzer(url).analyze(missing);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("The database in " + url + " does not exist");
        assertThat(analysis.getAction()).contains("./weft services up");
    }

    @Test
    void explainsAMissingPgvectorExtension() {
        // What PostgreSQL 15 answers to CREATE EXTENSION vector when pgvector is not installed.
        SQLException noControlFile = new SQLException("ERROR: could not open extension control file"
                + " \"/usr/share/postgresql/15/extension/vector.control\": No such file or directory", "58P01");
        Throwable flyway = new FlywayException("Migration V202611271300__schemas_and_vector.sql failed", noControlFile);

        FailureAnalysis analysis = analyzer("jdbc:postgresql://127.0.0.1:5432/weft").analyze(flyway);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .startsWith("The PostgreSQL server at jdbc:postgresql://127.0.0.1:5432/weft has no pgvector extension");
        assertThat(analysis.getAction()).contains("./weft services up");
    }

    @Test
    void recognisesTheNewerPostgresqlWordingForAMissingExtension() {
        assertThat(DatabaseFailureAnalyzer.missingPgvector("ERROR: extension \"vector\" is not available")).isTrue();
        assertThat(DatabaseFailureAnalyzer.missingPgvector("ERROR: extension \"postgis\" is not available")).isFalse();
    }

    @Test
    void leavesOtherFailuresToOtherAnalyzers() {
        assertThat(analyzer("jdbc:postgresql://127.0.0.1:5432/weft")
                .analyze(new IllegalStateException("port 8088 is taken"))).isNull();
    }

    @Test
    void theHubExplainsAnUnreachableDatabaseWhenItFailsToStartWithoutPrintingThePassword(CapturedOutput output)
            throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/weft";
        String password = "pw-" + java.util.UUID.randomUUID();

        // Command-line arguments, so they win over the WEFT_* environment the test run has.
        assertThatThrownBy(() -> new SpringApplicationBuilder(WeftHubApplication.class)
                .run("--spring.datasource.url=" + url, "--spring.datasource.password=" + password,
                        "--server.port=0", "--weft.keycloak.url=").close())
                .hasStackTraceContaining("Connection to 127.0.0.1:");

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("Cannot reach PostgreSQL at " + url)
                .contains("Start it with ./weft services up")
                .doesNotContain(password);
    }

    private static DatabaseFailureAnalyzer analyzer(String url) {
        return new DatabaseFailureAnalyzer(new MockEnvironment().withProperty("spring.datasource.url", url)
                .withProperty("spring.datasource.username", "weft"));
    }

    /** A port nothing listens on: bound once by us, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
