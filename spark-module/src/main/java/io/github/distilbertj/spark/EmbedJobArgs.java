package io.github.distilbertj.spark;

import java.util.Locale;
import java.util.Optional;

/**
 * The command line of {@link EmbedJob}.
 *
 * @param master      Spark master URL, or empty to take spark-submit's (spark.master)
 * @param input       a file or folder of Parquet, JSON Lines or CSV (with a header row)
 * @param inputFormat parquet, jsonl or csv; from the input's extension when not given
 * @param partitions  repartition the input into this many partitions first; 0 = keep the input's
 */
public record EmbedJobArgs(Optional<String> master, String input, String inputFormat, String textColumn, String output,
                           String outputFormat, boolean overwrite, int partitions, EmbedOptions options) {

    public static final String USAGE = """
            usage: EmbedJob --input PATH --text-column NAME --output PATH [options]
              --input PATH           Parquet, JSON Lines or CSV (header row) file or folder
              --input-format F       parquet | jsonl | csv (default: from the input's extension)
              --text-column NAME     the string column to embed
              --output PATH          output folder (Spark writes part files)
              --output-format F      parquet (default) | jsonl: rows keep the input's columns, plus
                                     embedding (array<float>) and truncated (boolean)
              --model REF            all-MiniLM-L6-v2 (built in, default), a catalogue name
                                     (bge-small-en-v1.5, e5-small-v2, bert-base-uncased), a Hub id
                                     ORG/NAME[@REVISION], or a Hugging Face folder present at the
                                     same path on every executor
              --batch-size N         rows per encoder call (default 256)
              --threads N            kernel threads per executor (default: the executor's cores)
              --partitions N         repartition the input first (default: as read)
              --overwrite            replace the output folder if it exists
              --master URL           Spark master (default: what spark-submit sets, else local[*])
            """;

    public static EmbedJobArgs parse(String... args) {
        String master = null;
        String input = null;
        String inputFormat = null;
        String textColumn = null;
        String output = null;
        String outputFormat = "parquet";
        boolean overwrite = false;
        int partitions = 0;
        EmbedOptions options = EmbedOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--overwrite")) {
                overwrite = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--master" -> master = value;
                case "--input" -> input = value;
                case "--input-format" -> inputFormat = format(flag, value, "parquet", "jsonl", "csv");
                case "--text-column" -> textColumn = value;
                case "--output" -> output = value;
                case "--output-format" -> outputFormat = format(flag, value, "parquet", "jsonl");
                case "--model" -> options = options.withModel(value);
                case "--batch-size" -> options = options.withBatchSize(positive(flag, value));
                case "--threads" -> options = options.withThreads(positive(flag, value));
                case "--partitions" -> partitions = positive(flag, value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        require(input, "--input");
        require(textColumn, "--text-column");
        require(output, "--output");
        if (inputFormat == null) {
            inputFormat = formatOf(input);
        }
        return new EmbedJobArgs(Optional.ofNullable(master), input, inputFormat, textColumn, output, outputFormat,
                overwrite, partitions, options);
    }

    private static String formatOf(String input) {
        String name = input.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (name.endsWith(".parquet")) {
            return "parquet";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return "jsonl";
        }
        if (name.endsWith(".csv")) {
            return "csv";
        }
        throw new IllegalArgumentException("cannot tell the format of --input " + input
                + " from its extension (.parquet, .jsonl, .json, .csv): give --input-format");
    }

    private static String format(String flag, String value, String... allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(flag + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }

    private static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a whole number >= 1, got '" + value + "'");
    }

    private static void require(String value, String flag) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " is required\n" + USAGE);
        }
    }
}
