package io.ferry.orchestrator.cli;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.api.AdminClient;
import io.ferry.orchestrator.cutover.CutoverReport;
import java.nio.file.Path;

/** What the commands that call the admin API share: the pipeline's API address and token, and printing a report. */
final class AdminCall {

    private AdminCall() {
    }

    /** POSTs an action and prints its report; the exit code is 0 when the outcome is one of {@code ok}. */
    static int post(Path config, String action, String query, boolean json, CutoverReport.Outcome... ok) throws Exception {
        PipelineConfig pipeline = ConfigLoader.load(config);
        AdminClient.Response r = AdminClient.of(pipeline.cutover().api()).post(pipeline.name(), action, query);
        if (r.status() == 401) {
            System.err.println("ferry: the coordinator refused the call (401): set cutover.api.token in " + config + " to its token");
            return 2;
        }
        if (json || !r.body().contains("\"outcome\"")) {
            System.out.println(r.body());
        }
        if (!r.body().contains("\"outcome\"")) {
            return 1;
        }
        CutoverReport report = CutoverReport.fromJson(r.body());
        if (!json) {
            System.out.print(report.text());
        }
        for (CutoverReport.Outcome o : ok) {
            if (report.outcome() == o) {
                return 0;
            }
        }
        return 1;
    }
}
