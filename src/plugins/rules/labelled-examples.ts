/**
 * A labelled text as a learner reads it. The label index (plugins/rules/label-index.ts) can hand
 * each label it loads to incremental learners (`learn`, once per label); since issue 19 the
 * bot's model learns by retraining the deployment's learned model from the whole store
 * instead (learned-model.ts, plugins/rules/ads-learner.ts), and passes none.
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
