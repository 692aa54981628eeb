// Drives the server at argv[2] with the official clients, prints one JSON object for NodeClientsTest to check.
import OpenAI from "openai";
import { InferenceClient } from "@huggingface/inference";

const base = process.argv[2];
const text = "What is Deep Learning?";
const out = {};

const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0, timeout: 30000 });
const asFloat = await openai.embeddings.create({ model: "all-MiniLM-L6-v2", input: [text, "Hello"], encoding_format: "float" });
out.openaiFloat = asFloat.data.map((d) => d.embedding);
out.openaiUsage = asFloat.usage;
// Without encoding_format the SDK asks for base64 and decodes it itself.
const asDefault = await openai.embeddings.create({ model: "all-MiniLM-L6-v2", input: text });
out.openaiDefault = Array.from(asDefault.data[0].embedding);
const asBase64 = await openai.embeddings.create({ model: "all-MiniLM-L6-v2", input: text, encoding_format: "base64" });
out.openaiBase64 = asBase64.data[0].embedding;
const cut = await openai.embeddings.create({ model: "all-MiniLM-L6-v2", input: text, dimensions: 64, encoding_format: "float" });
out.openaiDimensions = cut.data[0].embedding;

const hf = new InferenceClient();
out.hfFeatureExtraction = await hf.featureExtraction({ endpointUrl: base, inputs: text });

console.log(JSON.stringify(out));
