"""Pure game logic: dice, adjudication methods, effects, red lines and the turn machine.

Plain functions over plain values and scenario models; no I/O, no database, no Qt.
"""
