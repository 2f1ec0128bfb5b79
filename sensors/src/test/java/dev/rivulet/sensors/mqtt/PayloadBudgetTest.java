package dev.rivulet.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PayloadBudgetTest {

    @Test
    void takesWhatFitsAndOneMessageLargerThanTheWholeBudgetWhenNothingIsHeld() throws Exception {
        PayloadBudget budget = new PayloadBudget(100);
        assertTrue(budget.tryTake(60));
        assertTrue(budget.tryTake(40), "exactly the limit");
        assertFalse(budget.tryTake(1));
        budget.give(100);
        assertTrue(budget.tryTake(250), "alone, a message over the budget still passes");
        assertFalse(budget.take(1, () -> true, () -> { }), "nothing fits beside it: the waiter was told to give up");
        assertEquals(250, budget.held());
        budget.give(250);
        assertEquals(0, budget.held());
        assertThrows(IllegalArgumentException.class, () -> new PayloadBudget(0));
    }

    @Test
    void aWaiterTakesOnceBytesAreGivenBackAndGivesUpWhenClosed() throws Exception {
        PayloadBudget budget = new PayloadBudget(10);
        assertTrue(budget.tryTake(8));
        AtomicBoolean taken = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                taken.set(budget.take(5, () -> false, () -> { }));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        budget.give(8);
        waiter.join(5_000);
        assertTrue(taken.get() && budget.held() == 5, "taken once the bytes came back: " + budget.held());

        AtomicBoolean late = new AtomicBoolean(true);
        Thread closing = new Thread(() -> {
            try {
                late.set(budget.take(8, () -> false, () -> { }));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closing.start();
        budget.close();
        closing.join(5_000);
        assertFalse(late.get(), "closed: the waiter gives up, taking nothing");
        assertFalse(budget.tryTake(1));
        assertEquals(5, budget.held());
    }
}
