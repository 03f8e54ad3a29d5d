using DramaGen.Dramas;

namespace DramaGen.Providers.Text;

// PLACEHOLDER: replaced by the local-providers work.
public static class DraftComposer
{
    public static Drama Compose(DraftDrama draft, DramaBrief brief, int videoDurationSeconds) => throw new NotImplementedException();
    public static Drama ComposeImproved(Drama current, DraftDrama draft, int videoDurationSeconds) => throw new NotImplementedException();
}
