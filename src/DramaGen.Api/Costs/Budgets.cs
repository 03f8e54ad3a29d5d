using System.Globalization;
using DramaGen.Configuration;
using DramaGen.Jobs;
using Microsoft.Extensions.Options;

namespace DramaGen.Costs;

/// <summary>
/// The spending limits (a run's max_cost_usd, DRAMA_BUDGET_USD, DAILY_BUDGET_USD per user id) and what counts against
/// them. A node reserves its estimate before it is submitted and settles with what the provider billed; reservations
/// and spend are counted under one lock for every run of the process, so however many runs compete, a budget is
/// passed only by what a node billed beyond its estimate. Spend survives restarts in the job records (cost_usd),
/// from which it is counted again on first use.
/// </summary>
public sealed class Budgets(IOptions<CostOptions> options, IJobStore jobs, TimeProvider clock)
{
    /// <summary>The job metadata field naming the user id a job's cost counts against.</summary>
    public const string BilledToField = "billed_to";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Tally> _dramas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> _userDays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> _runs = new(StringComparer.Ordinal);
    private bool _loaded;

    /// <summary>What is left to spend in the scope (the tightest of its limits) and which limit that is; null when none applies.</summary>
    public BudgetLeft? Left(BudgetScope scope)
    {
        lock (_gate)
        {
            EnsureLoaded();
            return TightestLimit(scope, clock.GetUtcNow());
        }
    }

    /// <summary>
    /// Reserves a node's estimate, or refuses it (<paramref name="refusal"/> says why) when it would pass a limit.
    /// Without a limit nothing is reserved and nothing refused; with one, an unpriced node is refused (its cost is unknown).
    /// </summary>
    public Reservation? TryReserve(BudgetScope scope, decimal? estimate, out string? refusal)
    {
        refusal = null;
        lock (_gate)
        {
            EnsureLoaded();
            var now = clock.GetUtcNow();
            var left = TightestLimit(scope, now);
            if (left is null)
            {
                return new Reservation(scope, 0m, DayOf(now));
            }
            if (estimate is null)
            {
                refusal = $"budget: the node's price is unknown and {left.Limit} applies";
                return null;
            }
            if (estimate.Value > left.Usd)
            {
                refusal = string.Create(CultureInfo.InvariantCulture,
                    $"budget: the node's estimate {estimate.Value:0.######} USD is more than the {left.Usd:0.######} USD left of {left.Limit}");
                return null;
            }
            var reservation = new Reservation(scope, estimate.Value, DayOf(now));
            foreach (var tally in TalliesOf(scope, reservation.Day))
            {
                tally.Reserved += reservation.Usd;
            }
            return reservation;
        }
    }

    /// <summary>Gives the reservation back and counts what was billed instead (a refused or failed call may still have been billed).</summary>
    public void Settle(Reservation reservation, decimal billedUsd)
    {
        lock (_gate)
        {
            EnsureLoaded();
            foreach (var tally in TalliesOf(reservation.Scope, reservation.Day))
            {
                tally.Reserved -= reservation.Usd;
            }
            foreach (var tally in TalliesOf(reservation.Scope, DayOf(clock.GetUtcNow())))
            {
                tally.Spent += billedUsd;
            }
        }
    }

    /// <summary>Counts spend that reserved nothing beforehand (a writing job).</summary>
    public void Record(BudgetScope scope, decimal billedUsd) => Settle(Nothing(scope), billedUsd);

    /// <summary>A reservation of nothing, for spend someone else reserved for (the engine leader, for a node another instance runs).</summary>
    public Reservation Nothing(BudgetScope scope) => new(scope, 0m, DayOf(clock.GetUtcNow()));

    private BudgetLeft? TightestLimit(BudgetScope scope, DateTimeOffset now)
    {
        BudgetLeft? tightest = null;
        void Consider(decimal? limit, Tally? tally, string name)
        {
            if (limit is null)
            {
                return;
            }
            var left = Math.Max(0m, limit.Value - (tally?.Spent ?? 0m) - (tally?.Reserved ?? 0m));
            if (tightest is null || left < tightest.Usd)
            {
                tightest = new BudgetLeft(left, limit.Value, name);
            }
        }
        Consider(scope.RunMaxUsd, scope.RunId is null ? null : _runs.GetValueOrDefault(scope.RunId), "the run's max_cost_usd");
        Consider(options.Value.DramaBudgetUsd, _dramas.GetValueOrDefault(scope.DramaId), "DRAMA_BUDGET_USD");
        Consider(options.Value.DailyBudgetUsd, _userDays.GetValueOrDefault(UserDay(scope.UserId, DayOf(now))), $"DAILY_BUDGET_USD of user {scope.UserId}");
        return tightest;
    }

    private IEnumerable<Tally> TalliesOf(BudgetScope scope, DateOnly day)
    {
        yield return TallyOf(_dramas, scope.DramaId);
        yield return TallyOf(_userDays, UserDay(scope.UserId, day));
        if (scope.RunId is not null)
        {
            yield return TallyOf(_runs, scope.RunId);
        }
    }

    /// <summary>Counts the spend the job records hold once, on first use (the store keeps every record in memory).</summary>
    private void EnsureLoaded()
    {
        if (_loaded)
        {
            return;
        }
        _loaded = true;
        foreach (var job in jobs.ListAll())
        {
            if (job.CostUsd is not { } cost || cost == 0m)
            {
                continue;
            }
            TallyOf(_dramas, job.DramaId).Spent += cost;
            if (job.Metadata[BilledToField]?.GetValue<string>() is { } user)
            {
                TallyOf(_userDays, UserDay(user, DateOnly.FromDateTime((job.CompletedAt ?? job.CreatedAt).UtcDateTime))).Spent += cost;
            }
            if (job.ParentJobId is { } parent)
            {
                TallyOf(_runs, parent).Spent += cost;
            }
        }
    }

    private static Tally TallyOf(Dictionary<string, Tally> tallies, string key)
    {
        if (!tallies.TryGetValue(key, out var tally))
        {
            tallies[key] = tally = new Tally();
        }
        return tally;
    }

    private static string UserDay(string userId, DateOnly day) => $"{userId}|{day:yyyy-MM-dd}";

    private static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    private sealed class Tally
    {
        public decimal Spent;
        public decimal Reserved;
    }
}

/// <param name="RunId">The run's parent job, whose max_cost_usd (<paramref name="RunMaxUsd"/>) caps it.</param>
public sealed record BudgetScope(string DramaId, string UserId, string? RunId = null, decimal? RunMaxUsd = null);

/// <param name="Usd">What may still be spent.</param>
/// <param name="Limit">Which limit is the tightest ("DRAMA_BUDGET_USD", ...).</param>
public sealed record BudgetLeft(decimal Usd, decimal LimitUsd, string Limit);

/// <summary>A node's estimate held against the budgets until it is settled.</summary>
public sealed record Reservation(BudgetScope Scope, decimal Usd, DateOnly Day);
