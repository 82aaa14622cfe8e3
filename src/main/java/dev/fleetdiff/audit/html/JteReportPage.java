package dev.fleetdiff.audit.html;

import dev.fleetdiff.audit.Report;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * Renders a report as one self-contained HTML page from the precompiled template {@code src/main/jte-report/report.jte};
 * jte escapes every value for its place in the page, so nothing from a host or a reviewer is markup.
 */
public final class JteReportPage {
    /** Package of the classes the jte-maven-plugin generates from the report templates (see pom.xml). */
    private static final String TEMPLATES = "dev.fleetdiff.audit.html.templates";

    private JteReportPage() {
    }

    /** The report as an HTML page. */
    public static String render(Report report) {
        StringOutput page = new StringOutput();
        TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
                JteReportPage.class.getClassLoader(), TEMPLATES);
        engine.render("report.jte", report, page);
        return page.toString();
    }
}
