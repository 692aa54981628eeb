package io.github.distilbertj.model;

/** The architectures this module runs, by their config.json {@code model_type}. */
public enum ModelType {
    DISTILBERT("distilbert"),
    BERT("bert");

    private final String configName;

    ModelType(String configName) {
        this.configName = configName;
    }

    /** The value config.json carries in {@code model_type}. */
    public String configName() {
        return configName;
    }

    /** The prefix task-head checkpoints put before the base model's tensor names. */
    public String checkpointPrefix() {
        return configName + ".";
    }
}
