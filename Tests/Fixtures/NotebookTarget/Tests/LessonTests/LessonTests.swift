import Lesson
import Testing

@Test("the notebook's exported cells compiled into the Lesson target")
func exportedCells() {
    #expect(greet("plugin") == "Hello, plugin!")
    #expect(square(12) == 144)
}
