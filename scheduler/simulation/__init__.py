"""Discrete-event simulation of a rostered week (SimPy), to check Erlang C's predictions.

    inputs.py    team + roster + workloads -> plain arrays (queues, duties in seconds)
    model.py     the SimPy week: arrivals, bot, routing, concurrency, breaks, patience, backups
    results.py   independent replications, 95% intervals, comparison with the service report
    explain.py   why simulation and prediction differ, in words, from the runs' counters
    commands.py  `roster simulate`: run, write simulation.csv/.json, the printed table
"""
