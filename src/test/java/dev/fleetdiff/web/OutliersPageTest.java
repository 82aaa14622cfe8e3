package dev.fleetdiff.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * /outliers and /api/outliers over the fake fleet after one poll: web1 and web2 print the same ports, evil1 prints
 * markup, so evil1 is the minority group and its diff against the largest carries the markup, escaped.
 */
@Timeout(120)
class OutliersPageTest {
    @TempDir
    Path dir;

    @Test
    void theApiGroupsTheHostsAsTheCliDoes() throws Exception {
        try (WebFleet fleet = new WebFleet(dir)) {
            fleet.poll();
            String url = fleet.serve().url();
            HttpResponse<String> response = WebFleet.get(url + "api/outliers?command=ports");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(Response.JSON);
            String json = response.body();
            assertThat(json).startsWith("{\"command\":\"ports\",\"hosts\":3,\"groups\":[")
                    .contains("{\"kind\":\"output\",\"count\":2,\"ranges\":\"web[1-2]\",\"hosts\":[\"web1\",\"web2\"]")
                    .contains("{\"kind\":\"output\",\"count\":1,\"ranges\":\"evil1\",\"hosts\":[\"evil1\"]")
                    .contains("\"diff\":\"").contains("+<script>alert('xss')</script>").contains("\"diff_chars\":");
            assertThat(json.indexOf("\"count\":2")).isLessThan(json.indexOf("\"count\":1"));
            assertThat(WebFleet.get(url + "api/outliers?command=ports&group=web").body())
                    .contains("\"hosts\":2,").doesNotContain("evil1");
        }
    }

    @Test
    void thePageShowsTheMinorityAndItsDiffEscaped() throws Exception {
        try (WebFleet fleet = new WebFleet(dir)) {
            fleet.poll();
            String url = fleet.serve().url();
            HttpResponse<String> response = WebFleet.get(url + "outliers?command=ports");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(WebServer.CSP);
            String html = response.body();
            assertThat(html).contains("ports: 3 hosts in 2 groups").contains("web[1-2]").contains("evil1")
                    .contains("2 hosts, same output (largest)").contains("1 host, same output").contains("id=\"diff-2\"")
                    .contains("<span class=\"add\">+&lt;script&gt;alert('xss')&lt;/script&gt;</span>")
                    .contains("<span class=\"del\">-tcp ")
                    .doesNotContain("<script>").doesNotContain("<b id=\"injected\">").doesNotContain("\u001b");
            assertThat(WebFleet.get(url).body()).as("the nav links to it").contains("<a href=\"/outliers\">Outliers</a>");
        }
    }

    @Test
    void anUnknownCommandOrGroupIsA400WithAClearMessage() throws Exception {
        try (WebFleet fleet = new WebFleet(dir)) {
            fleet.poll();
            String url = fleet.serve().url();
            for (String path : new String[] {"outliers?command=nope%3Cb%3E", "api/outliers?command=nope%3Cb%3E"}) {
                HttpResponse<String> response = WebFleet.get(url + path);
                assertThat(response.statusCode()).as(path).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).hasValue(Response.TEXT);
                assertThat(response.body()).startsWith("unknown command 'nope<b>'; known commands: ports")
                        .doesNotContain("Exception");
            }
            HttpResponse<String> group = WebFleet.get(url + "outliers?command=ports&group=db");
            assertThat(group.statusCode()).isEqualTo(400);
            assertThat(group.body()).startsWith("unknown group 'db'");
        }
    }
}
