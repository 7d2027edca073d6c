package io.steward.server.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.StaleVersionException;
import org.springframework.validation.BindingResult;

/**
 * Form errors for pages, as a plain map from field name to message ({@link #GLOBAL} for the form
 * as a whole). Templates show {@code errors['field']} beside the input and keep what was typed.
 */
public final class Forms {
    public static final String GLOBAL = "_form";

    private Forms() {
    }

    /** The binding and bean-validation errors of a submitted form. */
    public static Map<String, String> errors(BindingResult binding) {
        Map<String, String> errors = new LinkedHashMap<>();
        binding.getFieldErrors().forEach(f -> errors.putIfAbsent(f.getField(),
                f.isBindingFailure() ? "This value is not valid." : f.getDefaultMessage()));
        binding.getGlobalErrors().forEach(g -> errors.putIfAbsent(GLOBAL, g.getDefaultMessage()));
        return errors;
    }

    /**
     * Runs a form's action unless the form already has errors. A refusal the form can show is
     * recorded in {@code errors} and null returned; anything else propagates.
     */
    public static <T> T attempt(Map<String, String> errors, java.util.function.Supplier<T> action) {
        if (!errors.isEmpty()) {
            return null;
        }
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (!reject(e, errors)) {
                throw e;
            }
            return null;
        }
    }

    /**
     * Records a domain refusal in {@code errors}.
     *
     * @return false if the exception is not a refusal a form can show, and the caller must rethrow
     */
    public static boolean reject(RuntimeException e, Map<String, String> errors) {
        switch (e) {
            case InvalidInputException invalid -> errors.putAll(invalid.fieldErrors());
            case ConflictException conflict -> errors.put(conflict.field() == null ? GLOBAL : conflict.field(), conflict.getMessage());
            case StaleVersionException stale -> errors.put(GLOBAL, stale.getMessage());
            case ForbiddenException forbidden -> errors.put(GLOBAL, forbidden.getMessage());
            default -> {
                return false;
            }
        }
        return true;
    }
}
