/**
 * What the learned text model gets from moderators' decisions. The rules feature calls
 * `learn` once for every labelled text it loads (all of them at start, then each new one
 * within a second of the label, in every process), so a model that updates incrementally
 * learns from `#广告` / `#误判` without a retrain; one that retrains on a schedule can keep
 * the examples it is given.
 */
export type ExampleLabel = 'ad' | 'normal'

export interface LabelledExample {
  /** what the member wrote (up to 500 characters) */
  text: string
  label: ExampleLabel
}

export interface LearnsFromExamples {
  learn(text: string, label: ExampleLabel): void
}
