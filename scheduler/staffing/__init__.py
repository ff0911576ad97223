"""From inquiry history to required agents, and from a roster back to service levels.

Pipeline (each step a small module, each usable alone):

    history.py        CSV export or heatmap -> validated History (bad rows located or counted)
    calendars.py      sales events, Ramadan, Chinese New Year, public holidays -> uplifts/peaks
    forecast.py       k-week hour-of-week mean (Taylor 2008) vs recent level vs Holt-Winters,
                      chosen by a held-out-week backtest (WAPE), mapped onto the UTC week grid
    workload.py       bot deflection per category, chat concurrency -> human load per queue
    erlang.py         Erlang B/C/A, vectorised required-agents search
    requirements.py   Erlang C + occupancy + shrinkage + backup rule -> DemandRows
    service_report.py roster -> per-slot service level/ASA, hours below target, cost, what-if
    commands.py       the functions the CLI calls (forecast_command, service_report_for, ...)
    settings.py       StaffingSettings (staffing.toml) with defaults from the seller guides
"""
