package io.latchkey.events.consumer;

/**
 * Thrown to hand a record to the consumer's dead-letter topic ({@link DeadLetterSender}). Its message
 * becomes the record's {@code dead-letter-reason} header, read by operators: it names what went wrong but
 * never quotes the payload (which can hold phone numbers), so it carries no cause whose message might.
 */
public class DeadLetteredEvent extends RuntimeException {

    public DeadLetteredEvent(String reason) {
        super(reason, null, false, false);
    }
}
