package io.ferry.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:path}} inside string values, so secrets need not be written into
 * config files. {@code $${} stands for a literal {@code ${}. A resolved value is not resolved again: whatever
 * a variable or file holds is taken as it is.
 */
final class References {

    /** A value after resolution, or the reasons it could not be resolved (which never quote a resolved value). */
    record Resolution(String value, boolean fromReference, List<String> errors) {
    }

    /** Secret files hold a password or a key, not a database; a cap keeps {@code ${file:/dev/zero}} harmless. */
    private static final int MAX_FILE_BYTES = 1 << 20;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;
    private final Path baseDir;

    /** @param baseDir where relative {@code ${file:...}} paths start; null means the working directory */
    References(Function<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    Resolution resolve(String text) {
        if (!text.contains("${")) {
            return new Resolution(text, false, List.of());
        }
        StringBuilder out = new StringBuilder();
        List<String> errors = new ArrayList<>();
        boolean fromReference = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    errors.add("'${' without a closing '}'; write $${ for a literal ${");
                    break;
                }
                out.append(resolveOne(text.substring(i, end + 1), errors));
                fromReference = true;
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return new Resolution(out.toString(), fromReference, List.copyOf(errors));
    }

    private String resolveOne(String reference, List<String> errors) {
        String body = reference.substring(2, reference.length() - 1);
        if (body.startsWith("env:")) {
            return environment(body.substring(4), errors);
        }
        if (body.startsWith("file:")) {
            return file(body.substring(5), errors);
        }
        // Not quoted back: a literal password with a stray "${" would otherwise leak in part.
        errors.add("unknown kind of reference; use ${env:NAME} or ${file:path}, or $${ for a literal ${");
        return "";
    }

    private String environment(String name, List<String> errors) {
        if (!ENV_NAME.matcher(name).matches()) {
            errors.add("invalid environment variable name in ${env:...}; use letters, digits and '_'");
            return "";
        }
        String value = env.apply(name);
        if (value == null) {
            errors.add("environment variable " + name + " is not set");
            return "";
        }
        return value;
    }

    private String file(String name, List<String> errors) {
        if (name.isBlank()) {
            errors.add("${file:} needs a path");
            return "";
        }
        Path path = baseDir != null ? baseDir.resolve(name) : Path.of(name);
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                errors.add("file " + path + " (from ${file:" + name + "}) is larger than " + MAX_FILE_BYTES
                        + " bytes; it should hold only the secret");
                return "";
            }
            return stripTrailingNewlines(decode(bytes));
        } catch (NoSuchFileException e) {
            errors.add("file " + path + " (from ${file:" + name + "}) does not exist");
        } catch (AccessDeniedException e) {
            errors.add("file " + path + " (from ${file:" + name + "}) cannot be read: permission denied");
        } catch (CharacterCodingException e) {
            errors.add("file " + path + " (from ${file:" + name + "}) is not UTF-8 text");
        } catch (IOException e) {
            errors.add("file " + path + " (from ${file:" + name + "}) cannot be read: " + e.getClass().getSimpleName());
        }
        return "";
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** Editors and {@code echo} end files with a newline that is never part of the secret. */
    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
