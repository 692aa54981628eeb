package io.github.distilbertj.model.reference;

/** A Maven jar by its coordinates. */
public record MavenArtifact(String groupId, String artifactId, String version) {

    /** {@code group/path/artifact/version/artifact-version.jar}, as in a Maven repository. */
    public String path() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version + ".jar";
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version;
    }

    /** The command that puts this jar into the local Maven repository. */
    public String fetchCommand() {
        return "mvn dependency:get -Dartifact=" + this + " -Dtransitive=false";
    }
}
