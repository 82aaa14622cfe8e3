package dev.fleetdiff.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuartzCronTest {
    @ParameterizedTest
    @ValueSource(strings = {"0 */5 * * * ?", "0 0 12 ? * MON-FRI", "0 */5 * * * ? *", "  0 0 3 * * ?  "})
    void acceptsValidExpressions(String expression) {
        assertThat(QuartzCron.problem(expression)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 0 25 * * ?|Hour values must be between 0 and 23",
        "0 0 12 * * *|Support for specifying both a day-of-week AND a day-of-month parameter is not implemented",
        "*/5 * * * *|it has 5 fields like a Unix crontab line, but Quartz needs 6 or 7 starting with seconds",
        "0 0 0 1 1 ? 2000|it never fires again",
        "bogus|Illegal characters for this position: 'BOG'",
    })
    void explainsInvalidExpressions(String expression, String problem) {
        assertThat(QuartzCron.problem(expression)).contains(problem);
    }

    @Test
    void rejectsEmptyExpression() {
        assertThat(QuartzCron.problem(" ")).contains("it is empty");
    }
}
