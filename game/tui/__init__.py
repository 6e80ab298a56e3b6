"""The Textual front end. `app.py` stays thin: screens live in `screens/`, reusable
widgets in `widgets/`, styles in `app.tcss`. Screens reach the engine only
through a `Match` and its session."""
