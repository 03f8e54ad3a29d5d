using DramaGen.Http;

namespace DramaGen.Dramas;

/// <summary>Drama repository failures that escape a handler: missing, stale If-Match, duplicate id, an edit that
/// other instances' edits kept overtaking.</summary>
internal sealed class DramaExceptionProblems : IExceptionProblems
{
    public MappedProblem? Map(Exception exception) => exception switch
    {
        DramaNotFoundException notFound => new(StatusCodes.Status404NotFound, "Not found", notFound.Message),
        DramaPreconditionFailedException stale => new(StatusCodes.Status412PreconditionFailed, "Precondition failed", stale.Message),
        DramaExistsException exists => new(StatusCodes.Status409Conflict, "Conflict", exists.Message),
        DramaWriteContendedException contended => new(StatusCodes.Status409Conflict, "Conflict", contended.Message),
        _ => null,
    };
}
