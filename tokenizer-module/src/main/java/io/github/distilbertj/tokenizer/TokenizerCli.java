package io.github.distilbertj.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Command line: tokenizes each argument, or each line of standard input when there are none, and prints one JSON
 * object per text with tokens, ids, type ids, attention mask and offsets (UTF-16 char indices).
 */
public final class TokenizerCli {

    private static final String USAGE = """
            Usage: TokenizerCli [options] [text ...]
              Tokenizes each text argument, or each line of standard input when there is none,
              and prints one JSON line per text: tokens, ids, type_ids, attention_mask, offsets.
            Options:
              --vocab PATH           vocab.txt to use (uncased BERT settings)
              --tokenizer-json PATH  Hugging Face tokenizer.json to use (WordPiece models)
              --pair                 treat the texts two at a time as (first, second) pairs
              --max-length N         truncate longest-first to N tokens, special tokens included
              --help                 print this help
            Without --vocab or --tokenizer-json the built-in bert-base-uncased vocabulary is used.
            """;

    private TokenizerCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the CLI; returns the exit code (0 ok, 2 usage or input error). */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Path vocab = null;
        Path json = null;
        boolean pair = false;
        Integer maxLength = null;
        List<String> texts = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--vocab" -> vocab = Path.of(value(args, ++i, a));
                    case "--tokenizer-json" -> json = Path.of(value(args, ++i, a));
                    case "--pair" -> pair = true;
                    case "--max-length" -> {
                        String v = value(args, ++i, a);
                        try {
                            maxLength = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--max-length needs an integer, not '" + v + "'");
                        }
                    }
                    case "--" -> {
                        texts.addAll(List.of(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a + " (see --help)");
                        }
                        texts.add(a);
                    }
                }
            }
            if (vocab != null && json != null) {
                throw new IllegalArgumentException("use either --vocab or --tokenizer-json, not both");
            }
            BertTokenizer tokenizer = json != null ? BertTokenizer.fromTokenizerJson(json)
                    : vocab != null ? BertTokenizer.fromVocab(vocab) : BertTokenizer.uncased();
            if (maxLength != null) {
                tokenizer = tokenizer.withTruncation(maxLength);
            }
            ObjectMapper mapper = JsonMapper.builder().build();
            if (texts.isEmpty()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                String line;
                String pending = null;
                while ((line = in.readLine()) != null) {
                    if (!pair) {
                        print(mapper, tokenizer.encode(line), out);
                    } else if (pending == null) {
                        pending = line;
                    } else {
                        print(mapper, tokenizer.encode(pending, line), out);
                        pending = null;
                    }
                }
                if (pending != null) {
                    throw new IllegalArgumentException("--pair needs an even number of lines");
                }
            } else {
                if (pair && texts.size() % 2 != 0) {
                    throw new IllegalArgumentException("--pair needs an even number of texts, got " + texts.size());
                }
                for (int i = 0; i < texts.size(); i += pair ? 2 : 1) {
                    print(mapper, pair ? tokenizer.encode(texts.get(i), texts.get(i + 1)) : tokenizer.encode(texts.get(i)), out);
                }
            }
            out.flush();
            return 0;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot read input: " + e);
            return 2;
        } catch (IllegalArgumentException | TokenizerConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void print(ObjectMapper mapper, Encoding e, PrintStream out) {
        ObjectNode node = mapper.createObjectNode();
        ArrayNode tokens = node.putArray("tokens");
        ArrayNode ids = node.putArray("ids");
        ArrayNode types = node.putArray("type_ids");
        ArrayNode mask = node.putArray("attention_mask");
        ArrayNode offsets = node.putArray("offsets");
        String[] t = e.tokens();
        int[] ty = e.typeIds();
        int[] m = e.attentionMask();
        for (int i = 0; i < e.length(); i++) {
            tokens.add(t[i]);
            ids.add(e.id(i));
            types.add(ty[i]);
            mask.add(m[i]);
            offsets.addArray().add(e.start(i)).add(e.end(i));
        }
        out.println(mapper.writeValueAsString(node));
    }
}
