using DramaGen.Http;

namespace DramaGen.Dramas;

/// <summary>Drama repository failures that escape a handler: missing, stale If-Match, duplicate id.</summary>
internal sealed class DramaExceptionProblems : IExceptionProblems
{
    public MappedProblem? Map(Exception exception) => exception switch
    {
        DramaNotFoundException notFound => new(StatusCodes.Status404NotFound, "Not found", notFound.Message),
        DramaPreconditionFailedException stale => new(StatusCodes.Status412PreconditionFailed, "Precondition failed", stale.Message),
        DramaExistsException exists => new(StatusCodes.Status409Conflict, "Conflict", exists.Message),
        _ => null,
    };
}
