package org.lcms.model.api;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A refused model operation. The message says what was wrong, names the object and the value, and says what
 * to do; {@link #rule()} tells which model rule refused it. A change that breaks several rules at once is refused
 * with one exception whose message lists them all ({@link #of}); {@link #problems()} gives each with its own rule.
 */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Rule rule;
    private final List<ModelException> problems;

    public ModelException(Rule rule, String message) {
        super("[rule " + rule.id() + "] " + message);
        this.rule = Objects.requireNonNull(rule);
        this.problems = List.of();
    }

    private ModelException(List<ModelException> problems) {
        // The first rule names the exception; the messages are joined so that the operator sees every problem.
        super("[rule " + problems.get(0).rule().id() + "] " + problems.stream().map(ModelException::getMessage)
            .collect(Collectors.joining("; also: ")).replaceFirst("^\\[rule [^]]+] ", ""));
        this.rule = problems.get(0).rule();
        this.problems = List.copyOf(problems);
    }

    /** One exception for {@code problems} (at least one): the only one itself, or one listing them all. */
    public static ModelException of(List<ModelException> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        return problems.size() == 1 ? problems.get(0) : new ModelException(problems);
    }

    public Rule rule() {
        return rule;
    }

    /** Every problem this refusal stands for, each with its rule: this exception alone unless it lists several. */
    public List<ModelException> problems() {
        return problems.isEmpty() ? List.of(this) : problems;
    }
}
