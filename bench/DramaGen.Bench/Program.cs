// PLACEHOLDER: the benchmark program (generation engine work).
Console.WriteLine("bench: not written yet");
