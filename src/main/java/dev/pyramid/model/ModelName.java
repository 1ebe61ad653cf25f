package dev.pyramid.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model's name: an identifier that is also the name of the model's directory under {@code <config>/pyramid/models/}.
 * It is never a path. Letters, digits, {@code _} and {@code -} only, starting with a letter or digit, so no name can
 * reach outside the models directory ({@code ..}, separators, absolute paths, drive letters and dots are all refused).
 */
public final class ModelName {

    public static final int MAX_LENGTH = 64;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0," + (MAX_LENGTH - 1) + "}");

    private ModelName() {}

    /**
     * Returns {@code name} if it is a valid model name.
     *
     * @throws IllegalArgumentException saying why not, e.g. for {@code ../x}
     */
    public static String check(String name) {
        if (name == null || IDENTIFIER.matcher(name).matches() == false) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "model name [%s] is invalid: a model name is an identifier of letters, digits, '_' and '-' (starting with a "
                        + "letter or digit, at most %d characters) naming a directory under [pyramid/models/] of the node's "
                        + "config directory, never a path",
                    name,
                    MAX_LENGTH
                )
            );
        }
        return name;
    }
}
