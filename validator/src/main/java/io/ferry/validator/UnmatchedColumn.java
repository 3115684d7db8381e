package io.ferry.validator;

/**
 * A column that one side of a table pair has and the other has not (added on the source after the
 * schema was copied, or on the target only): a difference of the table whatever its rows hold.
 *
 * @param column the column's name on the side that has it
 * @param onlyOn the side that has it
 */
public record UnmatchedColumn(String column, Side.Role onlyOn) {

    public String describe() {
        return "column " + column + ": on the " + (onlyOn == Side.Role.SOURCE ? "source only, not on the target" : "target only, not on the source");
    }
}
