"""The hard rules in words: the one definition the solver, the validator and the reports share.

The solver (``solver/``) and the validator (``scheduler/validator.py``) do their own arithmetic —
the solver on a UTC slot grid, the validator on plain datetimes — but both implement exactly the
definitions below, and each rule's docstring on either side points here.

Time
    Shifts are UTC instants. The planning week runs from Monday 00:00 to the next Monday 00:00
    in the planning zone ``[team] timezone`` (so a DST week has 167 or 169 hours). The solver
    cuts it into UTC slots of ``slot_minutes`` counted from that Monday; shifts start and end on
    slot boundaries (pins must, too: ``pinned.csv`` is checked at load). Agents' rules are in
    their own local wall-clock time, whatever their UTC offset (+05:30, +05:45, +12:45 included).

Availability (rule "availability", "time off")
    A shift may be rostered only if *every instant* of [start, end) is allowed for its agent:
    the agent-local time lies inside one of the agent's weekly windows (a window such as
    ``22:00-06:00`` that starts on day D runs into D+1; an empty list means any time), is not in
    the team's local no-work night window ``[rules] no_work_start``–``no_work_end`` unless the agent
    is night-willing, does not fall on one of the agent's fixed ``days_off`` weekdays (any minute
    of that local date: a Sunday-night shift may not run into a Monday day off), and does not
    overlap leave (``time_off.csv``, agent-local). All boundaries are whole local minutes, so
    checking every minute of a shift is exact; the solver keeps a slot only if all of its
    minutes are allowed, so no slot size or zone offset can put a shift partly outside a window.

Shift length (rules "max shift length", "min shift length", "allowed shift lengths")
    ``min_shift_hours`` ≤ length ≤ ``max_shift_hours`` ≤ 8 (the platform flags more than
    8 hours online in a row; larger values are refused at load), and the length is one of the
    agent's ``shift_lengths``.

Rest (rule "min rest")
    Between the end of a shift and the start of the same agent's next shift at least
    ``min_rest_hours`` pass (exactly 11 h is enough, 10 h 45 is not); overlapping shifts break
    it. Last week's shifts (``previous_roster.csv``) count.

Weekly hours and shifts (rules "max weekly hours", "min weekly hours", "max shifts")
    A shift counts toward the week it starts in. The contract minimum is pro-rated by the
    agent's leave inside the week and rounded down to whole shortest shifts
    (``scheduler/contracts.py``).

Team hours budget (rule "team hours budget", ``[rules] max_team_hours``, optional)
    Every shift of this week's roster, primary and backup, counts in full toward the team's
    paid hours, as for the weekly contract hours; their sum may not exceed the budget.

Working days (rules "days off", "consecutive days")
    A working day is an agent-local date on which one of the agent's shifts *starts*. In every
    window of 7 consecutive local dates at least ``min_days_off`` are not working days, and no
    more than ``max_consecutive_days`` working days follow each other. Both are rolling windows
    over last week's shifts and this week's.

24/7 minimum online (rule "24/7 minimum online")
    At every instant of the planning week at least ``min_online`` agents are on *primary* duty.
    On-call backup does not count. Last week's shifts that run into this week count.

Roles (rule "role")
    A primary shift needs at least one primary language. Who answers which queue (soft, not a
    hard rule): in each slot an agent on primary duty answers one of their primary languages,
    split over the languages by the team's goal; an agent on backup duty counts for every
    language they speak (``scheduler/queues.py``, shared by the solver and every report).

Frozen shifts (rule "frozen shift", mid-week repair)
    Every baseline shift that started before ``freeze_before`` is in the roster exactly as it
    was, and no other shift starts before that instant (``scheduler/baseline.py``).

Pins (rule "pinned shift")
    A pinned shift is in the roster exactly as pinned (agent, role, start, end).

Bendable rules (``[rules] relaxable``)
    When the hard rules cannot all hold, the solver returns a best-effort roster that breaks only
    the rules listed there (default: the 24/7 minimum and contract minimum hours; also allowed:
    max weekly hours, max shifts, the team hours budget). Every breach is listed like a validator violation and the
    roster is not publishable until a manager accepts it.

Exit codes of ``roster``
    0 a valid roster was written; 1 a roster was checked or written and breaks a hard rule;
    2 bad input or arguments (file, row and field named, nothing written); 3 the hard rules
    cannot all hold (plain-words reasons, the smallest fixes, and a best-effort roster).
"""
