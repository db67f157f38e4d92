package dev.tandem.sequencer.kafka;

/** Where a record of {@code tandem.edits} is: what identifies it across redeliveries and restarts. */
record Source(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
