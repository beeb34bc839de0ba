package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.UserTaskFilter;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** User task due and follow-up dates: ISO-8601 date-times stored with their offset; anything else is an incident. */
class UserTaskDatesTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_user_task_dates");
        h.deploy(Bpmn.createExecutableProcess("dated").startEvent()
                .userTask("task", u -> u.zeebeUserTask().zeebeDueDate("=due").zeebeFollowUpDate("=followUp"))
                .endEvent().done());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void zonedAndOffsetDateTimesAreStoredWithTheirOffset() {
        long pi = h.create("dated", Map.of("due", "2026-12-24T18:00:00+01:00[Europe/Berlin]",
                "followUp", "2026-12-20T09:30:00Z"));
        var tasks = await(h.engine.searchUserTasks(new UserTaskFilter(null, null, pi, null, null), Page.DEFAULT)).items();
        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.dueDate()).isEqualTo("2026-12-24T18:00+01:00");
            assertThat(t.followUpDate()).isEqualTo("2026-12-20T09:30Z");
        });
    }

    @Test
    void aDueDateThatIsNoDateTimeIsAnIncidentOnTheTask() {
        long pi = h.create("dated", Map.of("due", "next week", "followUp", "2026-12-20T09:30:00Z"));
        var incidents = await(h.engine.searchIncidents(new IncidentFilter(pi, null, null, null), Page.DEFAULT)).items();
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.errorType()).isEqualTo("EXTRACT_VALUE_ERROR");
            assertThat(i.elementId()).isEqualTo("task");
            assertThat(i.errorMessage()).contains("'due'").contains("'next week'");
        });
        assertThat(await(h.engine.searchUserTasks(new UserTaskFilter(null, null, pi, null, null), Page.DEFAULT)).items())
                .isEmpty();
    }
}
