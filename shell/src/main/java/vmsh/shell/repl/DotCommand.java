package vmsh.shell.repl;

/** The REPL's own commands, which start with a dot. */
enum DotCommand {
    HELP(".help", "", "show this help"),
    LOAD(".load", " FILE", "run a JavaScript file in this session"),
    SAVE(".save", " FILE", "save this session's input (what you typed) to FILE under the output folder"),
    EXIT(".exit", "", "leave the REPL (so does Ctrl-D)");

    final String word;
    final String argument;
    final String help;

    DotCommand(String word, String argument, String help) {
        this.word = word;
        this.argument = argument;
        this.help = help;
    }

    /** A line that starts with a dot and a letter is a dot-command, known or not (JavaScript never starts so). */
    static boolean isDotCommand(String line) {
        String s = line.strip();
        return s.length() > 1 && s.charAt(0) == '.' && Character.isLetter(s.charAt(1));
    }

    /** The command on {@code line}, or null when the line is not one of them. */
    static DotCommand parse(String line) {
        String s = line.strip();
        for (DotCommand c : values()) if (s.equals(c.word) || s.startsWith(c.word + " ")) return c;
        return null;
    }

    /** The argument after the command word ("" when none). */
    static String argument(String line) {
        String s = line.strip();
        int space = s.indexOf(' ');
        return space < 0 ? "" : s.substring(space + 1).strip();
    }
}
