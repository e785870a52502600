package io.stockroom.cli;

import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.model.ModelTestResult;
import io.stockroom.model.ModelTiming;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description =
                "List the SQL models in run order; --rebuild rebuilds every mart from the facts, --test runs the model tests "
                        + "(exit code 1 when one fails). See docs/models.md.")
class ModelsCommand implements Callable<Integer> {

    private final ModelRunner models;
    /** On a deployment with Trino, its models and the marts kept in the lake (docs/scale.md). */
    private final ObjectProvider<LakeModels> onTrino;

    @Spec
    CommandSpec spec;

    @Option(names = "--rebuild", description = "Rebuild every model table from the facts.")
    boolean rebuild;

    @Option(names = "--test", description = "Run every model's tests and print each result.")
    boolean test;

    ModelsCommand(ModelRunner models, ObjectProvider<LakeModels> onTrino) {
        this.models = models;
        this.onTrino = onTrino;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!rebuild && !test) {
            models.modelNames().forEach(out::println);
        }
        LakeModels trino = onTrino.getIfAvailable();
        if (rebuild) {
            ModelRunResult result = models.rebuildAll(trino);
            for (ModelTiming t : result.models()) {
                out.printf(
                        "%-32s %,12d rows %8d ms%s%n",
                        t.name(),
                        t.rowsWritten(),
                        t.millis(),
                        t.statements() > 1 ? " in " + t.statements() + " slices of dates" : "");
            }
            out.printf("rebuilt %d models in %,d ms%n", result.models().size(), result.totalMillis());
        }
        int code = 0;
        if (test) {
            // on Trino the lake's marts are tested where they are, not in the warehouse's empty copy
            List<ModelTestResult> results = models.test(null, trino);
            for (ModelTestResult r : results) {
                out.printf(
                        "%-4s %-30s %-60s %s%n",
                        r.passed() ? "ok" : "FAIL", r.model(), r.test(), r.passed() ? "" : r.detail());
            }
            long failed = results.stream().filter(r -> !r.passed()).count();
            out.printf("%d tests, %d failed%n", results.size(), failed);
            code = failed == 0 ? 0 : 1;
        }
        out.flush();
        return code;
    }
}
