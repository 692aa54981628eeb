-- wrk script: POST /embed with one sentence-length text per request, picked at random.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local sentences = {
  "The quick brown fox jumps over the lazy dog.",
  "A man is playing a guitar on a street corner.",
  "Machine learning models turn text into vectors.",
  "The weather in Paris is mild in the spring.",
  "She ordered a coffee and opened her laptop.",
  "How do I reset my password if I forgot it?",
  "The stock market closed higher after the announcement.",
  "Children were playing football in the park after school.",
  "This restaurant serves the best noodles in town.",
  "Please send me the report by Friday afternoon.",
  "The museum opens at nine and closes at six.",
  "Solar panels convert sunlight directly into electricity.",
  "What is the capital city of Australia?",
  "He forgot his umbrella and got soaked in the rain.",
  "The new phone has a better camera and a longer battery life.",
  "Our team will meet on Monday to discuss the roadmap.",
}

local bodies = {}
for i, s in ipairs(sentences) do
  bodies[i] = '{"inputs": "' .. s .. '"}'
end

local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])
end
