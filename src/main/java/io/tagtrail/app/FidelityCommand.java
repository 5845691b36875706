package io.tagtrail.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tagtrail.db.DbConfig;
import io.tagtrail.fidelity.Fidelity;
import io.tagtrail.fidelity.FidelityReport;
import io.tagtrail.fidelity.GroundTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Scores the results stored in a database against a ground-truth file. */
@Command(name = "fidelity", mixinStandardHelpOptions = true,
        description = "Score stored zone visits, trips and traffic against simulator ground truth.")
final class FidelityCommand implements Callable<Integer> {
    @Option(names = "--db-url", required = true, description = "JDBC URL of the database.")
    String dbUrl;

    @Option(names = "--truth", required = true, description = "Ground-truth file (JSON Lines).")
    Path truth;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        FidelityReport report = Fidelity.score(new DbConfig(dbUrl, null, null), GroundTruth.load(truth));
        System.out.println(report.describe());
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report.toMap());
        }
        return 0;
    }
}
