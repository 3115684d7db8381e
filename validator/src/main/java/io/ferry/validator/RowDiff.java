package io.ferry.validator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compares rows read from both sides, each as its canonical values by key. Pure. */
final class RowDiff {

    private RowDiff() {
    }

    /** Keys whose row hash differs or that one side lacks, in key order. */
    static List<List<String>> differingKeys(Map<List<String>, String> source, Map<List<String>, String> target, KeyOrder order) {
        List<List<String>> keys = new ArrayList<>(source.keySet());
        target.keySet().stream().filter(k -> !source.containsKey(k)).forEach(keys::add);
        keys.removeIf(k -> source.get(k) != null && source.get(k).equals(target.get(k)));
        keys.sort(order);
        return keys;
    }

    /** Rows missing in the target, extra in it, and differing by column. */
    static List<Difference> diff(ValidatedTable table, Map<List<String>, List<String>> source, Map<List<String>, List<String>> target) {
        List<Difference> out = new ArrayList<>();
        for (var e : source.entrySet()) {
            List<String> other = target.get(e.getKey());
            if (other == null) {
                out.add(new Difference(Difference.Kind.MISSING, e.getKey(), List.of()));
            } else if (!other.equals(e.getValue())) {
                List<Difference.ColumnDifference> cols = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    if (!Objects.equals(e.getValue().get(i), other.get(i))) {
                        cols.add(new Difference.ColumnDifference(table.columns().get(i).targetName(), e.getValue().get(i), other.get(i)));
                    }
                }
                out.add(new Difference(Difference.Kind.DIFFERS, e.getKey(), cols));
            }
        }
        for (var k : target.keySet()) {
            if (!source.containsKey(k)) {
                out.add(new Difference(Difference.Kind.EXTRA, k, List.of()));
            }
        }
        return out;
    }
}
