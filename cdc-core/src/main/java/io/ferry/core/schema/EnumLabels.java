package io.ferry.core.schema;

import java.util.ArrayList;
import java.util.List;

/** Parses the quoted label list of a MySQL ENUM or SET declaration: {@code 'a','it''s','x,y'}. */
public final class EnumLabels {

    private EnumLabels() {
    }

    public static List<String> parse(String list) {
        List<String> labels = new ArrayList<>();
        int i = 0;
        while (i < list.length()) {
            if (list.charAt(i) != '\'') {
                i++;
                continue;
            }
            StringBuilder label = new StringBuilder();
            i++;
            while (i < list.length()) {
                char c = list.charAt(i);
                if (c == '\'' && i + 1 < list.length() && list.charAt(i + 1) == '\'') {
                    label.append('\'');
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else if (c == '\\' && i + 1 < list.length()) {
                    label.append(list.charAt(i + 1));
                    i += 2;
                } else {
                    label.append(c);
                    i++;
                }
            }
            labels.add(label.toString());
        }
        return labels;
    }
}
