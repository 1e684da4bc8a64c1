package org.jbuildkit.client.progress;

import java.util.Locale;
import java.util.Map;

/**
 * The colors of finished lines in the tty view, as upstream: running-then-done blue, cancelled and
 * warnings yellow, errors red; {@code NO_COLOR} turns them off and {@code BUILDKIT_COLORS}
 * ({@code run=green:error=255,0,0}) changes them. Empty strings mean no color.
 */
record TtyColors(String run, String cancel, String warning, String error) {
    static final String RESET = "\u001b[0m";
    static final String FAINT = "\u001b[2m";
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("default", "39"), Map.entry("black", "30"), Map.entry("red", "31"), Map.entry("green", "32"),
            Map.entry("yellow", "33"), Map.entry("blue", "34"), Map.entry("magenta", "35"), Map.entry("cyan", "36"),
            Map.entry("white", "37"), Map.entry("light-black", "90"), Map.entry("light-red", "91"),
            Map.entry("light-green", "92"), Map.entry("light-yellow", "93"), Map.entry("light-blue", "94"),
            Map.entry("light-magenta", "95"), Map.entry("light-cyan", "96"), Map.entry("light-white", "97"));

    static TtyColors fromEnvironment(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return new TtyColors("", "", "", "");
        }
        TtyColors colors = new TtyColors(sgr("34"), sgr("33"), sgr("33"), sgr("31"));
        String custom = env.get("BUILDKIT_COLORS");
        if (custom == null) {
            return colors;
        }
        for (String field : custom.split(":")) {
            String[] kv = field.split("=", -1);
            if (kv.length != 2) {
                continue;
            }
            String color = color(kv[1].trim().toLowerCase(Locale.ROOT));
            if (color == null) {
                continue;
            }
            colors = switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "run" -> new TtyColors(color, colors.cancel, colors.warning, colors.error);
                case "cancel" -> new TtyColors(colors.run, color, colors.warning, colors.error);
                case "warning" -> new TtyColors(colors.run, colors.cancel, color, colors.error);
                case "error" -> new TtyColors(colors.run, colors.cancel, colors.warning, color);
                default -> colors;
            };
        }
        return colors;
    }

    private static String color(String value) {
        String named = NAMED.get(value);
        if (named != null) {
            return sgr(named);
        }
        String[] rgb = value.split(",");
        if (rgb.length != 3) {
            return null;
        }
        try {
            int r = Integer.parseInt(rgb[0].trim());
            int g = Integer.parseInt(rgb[1].trim());
            int b = Integer.parseInt(rgb[2].trim());
            if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
                return null;
            }
            return sgr("38;2;" + r + ";" + g + ";" + b);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String sgr(String code) {
        return "\u001b[" + code + "m";
    }

    static String apply(String text, String color) {
        return color.isEmpty() ? text : color + text + RESET;
    }
}
