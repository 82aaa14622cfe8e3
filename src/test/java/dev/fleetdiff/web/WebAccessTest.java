package dev.fleetdiff.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.config.HttpSettings;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may see and do what: without credentials or with wrong ones a viewer gets 401 and no data; a POST needs the
 * viewer's CSRF token; a view without auth is read-only; every answer carries the strict security headers.
 */
@Timeout(120)
class WebAccessTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;
    private WebFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static HttpSettings withToken(Path tokenFile) {
        return new HttpSettings("127.0.0.1", 0, Optional.of(tokenFile), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false);
    }

    private String tokenServer() throws Exception {
        fleet = new WebFleet(dir).pollTwiceWithAChange();
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        return fleet.serve(withToken(tokenFile), Map.of()).url();
    }

    @Test
    void missingOrWrongCredentialsGet401AndNoData() throws Exception {
        String url = tokenServer();
        for (String[] headers : new String[][] {{}, {"Authorization", "Bearer wrong"},
                {"Authorization", "Basic " + basic("alice", "wrong")}, {"Authorization", "Digest x"}}) {
            for (String path : new String[] {"", "api/hosts", "hosts/web2", "api/alerts/" + fleet.web2Alert(),
                    "search?q=23456", "metrics"}) {
                HttpResponse<String> response = WebFleet.get(url + path, headers);
                assertThat(response.statusCode()).as(path + " with " + String.join(" ", headers)).isEqualTo(401);
                assertThat(response.body()).doesNotContain("web2").doesNotContain("23456")
                        .doesNotContain("fleetdiff_polls");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(
                        "Basic realm=\"fleetdiff\", charset=\"UTF-8\"");
            }
        }
        assertThat(WebFleet.get(url + "api/hosts", "Authorization", "Bearer " + TOKEN).body()).contains("web2");
        assertThat(WebFleet.get(url + "api/hosts", "Authorization", "Basic " + basic("alice", TOKEN)).statusCode())
                .isEqualTo(200);
        assertThat(WebFleet.get(url + "healthz").statusCode()).as("health needs no credentials").isEqualTo(200);
    }

    @Test
    void aPostWithoutTheViewersCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String url = tokenServer();
        String alert = fleet.web2Alert();
        String auth = "Basic " + basic("alice", TOKEN);

        HttpResponse<String> none = WebFleet.post(url + "alerts/" + alert + "/ack", "note=x", "Authorization", auth);
        HttpResponse<String> forged = WebFleet.post(url + "alerts/" + alert + "/ack", "note=x&csrf=forged",
                "Authorization", auth);
        String othersToken = csrf(WebFleet.get(url + "alerts/" + alert, "Authorization",
                "Basic " + basic("mallory", TOKEN)).body());
        HttpResponse<String> someoneElses = WebFleet.post(url + "alerts/" + alert + "/ack", "csrf=" + othersToken,
                "Authorization", auth);

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(someoneElses.statusCode()).isEqualTo(403);
        assertThat(fleet.app.reviews().alert(alert).orElseThrow().acked()).isFalse();

        String page = WebFleet.get(url + "alerts/" + alert, "Authorization", auth).body();
        HttpResponse<String> crossOrigin = WebFleet.post(url + "alerts/" + alert + "/ack", "csrf=" + csrf(page),
                "Authorization", auth, "Origin", "https://evil.example");
        assertThat(crossOrigin.statusCode()).isEqualTo(403);
        assertThat(fleet.app.reviews().alert(alert).orElseThrow().acked()).isFalse();

        HttpResponse<String> acked = WebFleet.post(url + "alerts/" + alert + "/ack",
                "note=" + URLEncoder.encode("seen it", StandardCharsets.UTF_8) + "&csrf=" + csrf(page),
                "Authorization", auth);
        assertThat(acked.statusCode()).isEqualTo(303);
        assertThat(fleet.app.reviews().alert(alert).orElseThrow().acks()).singleElement()
                .satisfies(ack -> assertThat(ack.by()).isEqualTo("alice"));
    }

    @Test
    void withoutAuthTheViewIsReadOnlyWithoutButtons() throws Exception {
        fleet = new WebFleet(dir).pollTwiceWithAChange();
        String url = fleet.serve().url();
        String alert = fleet.web2Alert();

        String page = WebFleet.get(url + "alerts/" + alert).body();
        HttpResponse<String> post = WebFleet.post(url + "alerts/" + alert + "/ack", "csrf=x");

        assertThat(page).contains("23456").doesNotContain("name=\"csrf\"").doesNotContain("<button id=\"ack\"");
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(fleet.app.reviews().alert(alert).orElseThrow().acked()).isFalse();
    }

    @Test
    void usersFileHoldsSaltedHashesAndOnlyTheRightPasswordPasses() throws Exception {
        fleet = new WebFleet(dir).pollTwiceWithAChange();
        Path users = Files.writeString(dir.resolve("users"), "# viewers\n" + userLine("bob", "correct horse") + "\n");
        String url = fleet.serve(new HttpSettings("127.0.0.1", 0, Optional.empty(), Optional.empty(),
                Optional.of(users), Optional.empty(), Optional.empty(), false), Map.of()).url();

        assertThat(WebFleet.get(url + "api/hosts", "Authorization", "Basic " + basic("bob", "correct horse"))
                .statusCode()).isEqualTo(200);
        assertThat(WebFleet.get(url + "api/hosts", "Authorization", "Basic " + basic("bob", "wrong horse"))
                .statusCode()).isEqualTo(401);
        assertThat(WebFleet.get(url + "api/hosts", "Authorization", "Basic " + basic("eve", "correct horse"))
                .statusCode()).isEqualTo(401);
        assertThat(WebFleet.get(url + "api/hosts", "Authorization", "Bearer correct horse").statusCode())
                .isEqualTo(401);
    }

    @Test
    void everyAnswerCarriesTheStrictSecurityHeaders() throws Exception {
        fleet = new WebFleet(dir).pollTwiceWithAChange();
        String url = fleet.serve().url();
        for (String path : new String[] {"", "changes", "hosts/evil1", "search?q=x", "api/hosts", "no-such-page"}) {
            HttpResponse<String> response = WebFleet.get(url + path);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValue(WebServer.CSP);
            assertThat(WebServer.CSP).contains("default-src 'none'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("the page has a CSRF field").isTrue();
        return m.group(1);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A users-file line as docs/CONFIGURATION.md shows how to make one. */
    static String userLine(String name, String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        int iterations = 100_000;
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        return name + ":pbkdf2-sha256:" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash);
    }
}
